"""An account deleted before deletion was refused leaves history rows pointing at no one; the admin
now deactivates accounts with history instead of deleting them."""

from django.contrib.auth import get_user_model

from agreement.models import Membership
from people import services
from tests.people.conftest import PEOPLE_URL, REFERENCE

ADMIN_USERS = "/en/admin/auth/user/"


def test_the_people_page_names_a_deleted_person_as_such(client, rural_focal, invite):
    invited = invite(rural_focal, email="left.us@example.org")
    # What the admin's delete did before it was refused: the membership's history stays behind.
    get_user_model().objects.filter(pk=invited.pk).delete()
    client.force_login(rural_focal)
    response = client.get(PEOPLE_URL)
    assert response.status_code == 200
    assert "a deleted person" in response.content.decode()
    persian = client.get(f"/a/{REFERENCE}/people/")
    assert persian.status_code == 200 and "فردی که حسابش حذف شده" in persian.content.decode()


def test_the_admin_deactivates_an_account_with_history_instead_of_deleting_it(client, superuser, rural_staff):
    client.force_login(superuser)
    assert client.get(f"{ADMIN_USERS}{rural_staff.pk}/delete/").status_code == 403
    assert client.post(f"{ADMIN_USERS}{rural_staff.pk}/delete/", {"post": "yes"}).status_code == 403
    changelist = client.get(ADMIN_USERS)
    assert "delete_selected" not in changelist.context["action_form"].fields["action"].choices.__repr__()
    response = client.post(ADMIN_USERS, {"action": "deactivate_accounts", "_selected_action": [rural_staff.pk]})
    assert response.status_code == 302
    rural_staff.refresh_from_db()
    assert not rural_staff.is_active
    last = rural_staff.history.order_by("-history_id").first()
    assert (last.history_change_reason, last.history_user) == ("deactivated", superuser)
    assert Membership.objects.filter(user=rural_staff).exists()


def test_an_account_without_any_history_may_still_be_deleted(client, superuser, django_user_model):
    mistake = django_user_model.objects.create_user(username="typo-account")
    assert not services.has_history(mistake)
    client.force_login(superuser)
    assert client.post(f"{ADMIN_USERS}{mistake.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not django_user_model.objects.filter(pk=mistake.pk).exists()


def test_history_views_still_open_when_the_person_who_changed_something_was_deleted(
    client, superuser, rural_staff, commitment, django_user_model, log_entry
):
    """The commitment's page (with its change history) and its admin history page."""
    from agreement.history_user import record_history_user

    editor = django_user_model.objects.create_superuser(username="left-admin", password="pw-for-tests-1397")
    b5 = commitment("B5")
    b5.text_en = "Complete civil projects (edited by someone who left)"
    record_history_user(b5, editor)
    b5.save()
    log_entry(b5, rural_staff)
    # What the admin's delete did before it was refused (an account with history is now deactivated).
    django_user_model.objects.filter(pk=editor.pk).delete()
    client.force_login(superuser)
    page = client.get(f"/en/a/{REFERENCE}/commitments/B5/")
    assert page.status_code == 200 and "edited by someone who left" in page.content.decode()
    assert client.get(f"/en/admin/obligations/commitment/{b5.pk}/history/").status_code == 200
    assert client.get(f"/en/a/{REFERENCE}/dashboard/").status_code == 200
