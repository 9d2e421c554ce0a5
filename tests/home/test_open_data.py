import pytest

pytestmark = pytest.mark.django_db


def test_api_lists_pages_with_their_public_fields(client):
    response = client.get(
        "/api/v2/pages/?type=measures.MeasurePage&fields=status,summary"
    )
    assert response.status_code == 200
    data = response.json()
    assert data["meta"]["total_count"] == 18
    statuses = {item["status"] for item in data["items"]}
    assert statuses == {"to_launch", "deploying", "achieved"}


def test_api_page_detail_has_body_and_leads(client):
    from measures.models import MeasurePage

    measure = MeasurePage.objects.get(reference="J1")
    data = client.get(f"/api/v2/pages/{measure.pk}/").json()
    assert data["title"] == "Emplois francs"
    assert data["launch_date"] == "2018-04-01"
    assert data["sources"][0]["value"]["title"].startswith("Circulaire")


def test_api_is_read_only(client):
    assert client.post("/api/v2/pages/", {"title": "x"}).status_code == 405


def test_api_hides_drafts(client):
    from measures.models import MeasurePage

    measure = MeasurePage.objects.get(reference="J1")
    measure.unpublish()
    assert client.get(f"/api/v2/pages/{measure.pk}/").status_code == 404


@pytest.mark.parametrize("endpoint", ["images", "documents"])
def test_api_media_endpoints(client, endpoint):
    assert client.get(f"/api/v2/{endpoint}/").status_code == 200
