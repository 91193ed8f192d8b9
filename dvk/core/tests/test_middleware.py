from __future__ import annotations

from django.test import RequestFactory

from dvk.core.middleware import CleanQueryStringMiddleware


def _seen(query: str) -> dict[str, list[str]]:
    captured: dict[str, list[str]] = {}

    def view(request):
        captured.update(dict(request.GET.lists()))
        return None

    CleanQueryStringMiddleware(view)(RequestFactory().get("/x/?" + query))
    return captured


def test_control_characters_are_removed_from_query_string_keys_and_values():
    assert _seen("q=Ki%0B%E1%BB%83m%00&stage=a%01b&stage=c&bad%00key=1") == {
        "q": ["Ki\x0bểm"],  # a vertical tab is a line break, kept; NUL removed
        "stage": ["ab", "c"],
        "badkey": ["1"],
    }


def test_a_clean_query_string_is_left_untouched():
    assert _seen("q=ph%C6%B0%E1%BB%9Dng&page=2") == {"q": ["phường"], "page": ["2"]}


def test_a_search_with_nul_is_a_page_not_a_server_error(client_for):
    # PostgreSQL refuses NUL in text comparisons: before the middleware this was a 500 there.
    for url in ("/don-vi/?q=th%00u", "/nhat-ky/?action=a%00", "/dien-hinh/?q=%00"):
        assert client_for("tinh.bdv").get(url).status_code == 200, url
