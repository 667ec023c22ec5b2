from archiver.evaluate.split import in_split, site_of, split_of


def test_site_of_drops_www_and_port() -> None:
    assert site_of("https://www.Example.com:8080/a/b") == "example.com"
    assert site_of("http://news.example.org/x") == "news.example.org"


def test_split_is_by_site_and_deterministic() -> None:
    assert split_of("https://www.example.com/a") == split_of("http://example.com/other")
    assert split_of("https://example.com/a") == split_of("example.com")
    assert split_of("bbc.co.uk") == "look"
    assert split_of("lemonde.fr") == "check"


def test_both_parts_are_used() -> None:
    sites = [f"site{i}.example" for i in range(200)]
    looks = sum(split_of(s) == "look" for s in sites)
    assert 70 < looks < 130
    assert in_split("a.example", None)
    assert in_split("site0.example", split_of("site0.example"))
