from django.apps import AppConfig


class ScaleConfig(AppConfig):
    name = "dvk.scale"
    label = "scale"
    verbose_name = "Scale data generator"
