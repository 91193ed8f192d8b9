from django.urls import path

from dvk.public import citizens, front, statistics, views, voters

app_name = "public"

urlpatterns = [
    path("dien-hinh/", views.showcase, name="showcase"),
    path("dien-hinh/<int:pk>/", views.showcase_detail, name="showcase_detail"),
    path("xac-minh/", views.verify_lookup, name="verify_lookup"),
    path("xac-minh/<str:code>/", views.verify, name="verify"),
    # Social critique (dvk.front): drafts open to public comment, published tables of acceptance.
    path("phan-bien-xa-hoi/", front.public_list, name="critiques"),
    path("phan-bien-xa-hoi/<int:pk>/", front.public_detail, name="critique_detail"),
    path("phan-bien-xa-hoi/<int:pk>/gop-y/", front.public_comment, name="critique_comment"),
    path("phan-bien-xa-hoi/<int:pk>/bang-tiep-thu/", front.public_table, name="critique_table"),
    # Voter petitions (dvk.voters): the answers released for a session.
    path("kien-nghi-cu-tri/", voters.public_sessions, name="voter_sessions"),
    path("kien-nghi-cu-tri/<int:pk>/", voters.public_answers, name="voter_answers"),
    # Citizen reception (dvk.citizens): send a petition or reflection, look a letter up.
    path("gui-kien-nghi-phan-anh/", citizens.intake, name="citizen_intake"),
    path("gui-kien-nghi-phan-anh/da-gui/", citizens.intake_done, name="citizen_intake_done"),
    path("tra-cuu-don/", citizens.lookup, name="citizen_lookup"),
    # Released statistics (figures of what the domains publish; dvk.stats draws the charts).
    path("so-lieu/", statistics.statistics, name="statistics"),
]
