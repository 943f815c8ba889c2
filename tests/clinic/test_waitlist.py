"""The waitlist: freed time goes to the first in line, held; lapses and declines go on down."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import partial

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection

from tests.clinic.test_no_double_booking import assert_no_overlaps
from tests.conftest import World, make_world
from triggerpoint.clinic.booking import waitlist
from triggerpoint.clinic.booking.appointments import Guest, book, cancel, reschedule
from triggerpoint.clinic.booking.availability import available_slots
from triggerpoint.clinic.booking.waitlist import OfferClosedError, Wanted
from triggerpoint.clinic.errors import BookingError, NotBookableError, SlotTakenError
from triggerpoint.clinic.models import (
    Appointment,
    Client,
    Clinic,
    EntryStatus,
    OfferStatus,
    Staff,
    Status,
    WaitlistEntry,
    WaitlistOffer,
)

# After the suite's fixed clock (Wednesday 2 December 2026), so the times are bookable.
DAY = date(2026, 12, 9)
NOW = datetime.fromisoformat("2026-12-02T12:00:00+00:00")


def _booked(world: World, at: datetime, therapist=None, who=None) -> Appointment:
    return book(
        service=world.session60,
        therapist=therapist or world.alice,
        start=at,
        client=who or Guest("Gail Guest", "gail@example.com"),
        now=NOW,
    ).appointment


def _wants(world: World, therapist=None, first: date = DAY, last: date = DAY) -> Wanted:
    return Wanted(world.session60, therapist, first, last)


def test_a_cancellation_is_offered_to_the_first_in_line_and_held_for_them(
    world: World, london_at: Callable[..., datetime], django_capture_on_commit_callbacks
) -> None:
    ten = london_at(DAY, 10)
    taken = _booked(world, ten)
    first = waitlist.join(_wants(world, world.alice), client=world.client_a, now=NOW)
    second = waitlist.join(
        _wants(world), name="Gus Guest", email="Gus@Example.com", now=NOW + timedelta(minutes=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        cancel(taken, now=NOW)

    offer = WaitlistOffer.objects.get()
    assert offer.entry == first and offer.status == OfferStatus.OFFERED
    assert offer.hold is not None and offer.hold.status == Status.HELD
    assert offer.expires_at == NOW + timedelta(minutes=world.clinic.waitlist_hold_minutes)
    # A slot inside the freed hour comes first (not 09:15, which merely overlaps it).
    assert (offer.start, offer.therapist) == (ten, world.alice)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (EntryStatus.OFFERED, EntryStatus.WAITING)

    # The email goes to the first in line and carries the offer's link.
    # (The booking's own confirmation and cancellation emails went first.)
    (sent,) = [m for m in mail.outbox if m.subject.startswith("A time is free")]
    assert sent.to == ["ann@example.com"]
    (link,) = re.findall(r"http\S+/waitlist/offer/(\S+)/", str(sent.body))
    assert waitlist.offer_of_token(link) == offer
    assert waitlist.offer_of_token(link[:-2]) is None

    # The hold blocks the time: not shown as free, and nobody else can book it.
    assert ten not in {s.start for s in available_slots(world.session60, DAY, world.alice, NOW)}
    with pytest.raises(SlotTakenError):
        _booked(world, ten, who=world.client_b)

    booking = waitlist.accept(offer, now=NOW + timedelta(minutes=30))
    assert booking.status == Status.BOOKED and booking.client == world.client_a
    assert (booking.start, booking.therapist) == (ten, world.alice)
    assert not Appointment.objects.filter(status=Status.HELD).exists()
    offer.refresh_from_db()
    first.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED and offer.booking == booking
    assert first.status == EntryStatus.BOOKED
    # Accepting twice (a double click) returns the same booking.
    assert waitlist.accept(offer, now=NOW + timedelta(minutes=31)) == booking
    assert Appointment.objects.filter(status=Status.BOOKED, start=ten).count() == 1
    assert_no_overlaps()


def test_a_lapsed_hold_goes_to_the_next_in_line_once_however_often_expiry_runs(
    world: World, london_at: Callable[..., datetime], django_capture_on_commit_callbacks
) -> None:
    taken = _booked(world, london_at(DAY, 10))
    first = waitlist.join(_wants(world), client=world.client_a, now=NOW)
    second = waitlist.join(_wants(world), client=world.client_b, now=NOW + timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        cancel(taken, now=NOW)
    offer = WaitlistOffer.objects.get()
    assert offer.entry == first

    # Before the hold runs out nothing happens.
    assert waitlist.expire_lapsed(NOW + timedelta(minutes=119)) == (0, 0)
    later = NOW + timedelta(hours=2, minutes=5)
    with django_capture_on_commit_callbacks(execute=True):
        assert waitlist.expire_lapsed(later) == (1, 1)
        assert waitlist.expire_lapsed(later) == (0, 0)
        assert waitlist.expire_lapsed(later + timedelta(minutes=1)) == (0, 0)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.EXPIRED and offer.hold is None
    nxt = WaitlistOffer.objects.get(status=OfferStatus.OFFERED)
    assert nxt.entry == second and nxt.start == offer.start
    assert Appointment.objects.filter(status=Status.HELD).count() == 1
    # The first in line stays on the list, at the back, and cannot take the lapsed offer.
    first.refresh_from_db()
    assert first.status == EntryStatus.WAITING and first.queued_at == later
    with pytest.raises(OfferClosedError):
        waitlist.accept(offer, now=later)
    # The second's offer lapses too: the first was already offered this time, so no one is.
    assert waitlist.expire_lapsed(later + timedelta(hours=3)) == (1, 0)
    assert not Appointment.objects.filter(status=Status.HELD).exists()
    # ... and the time is free for anyone again.
    assert london_at(DAY, 10) in {
        s.start for s in available_slots(world.session60, DAY, world.alice, later)
    }


def test_declining_passes_the_time_on_and_an_expired_offer_cannot_be_accepted(
    world: World, london_at: Callable[..., datetime], django_capture_on_commit_callbacks
) -> None:
    taken = _booked(world, london_at(DAY, 10))
    waitlist.join(_wants(world), client=world.client_a, now=NOW)
    second = waitlist.join(_wants(world), client=world.client_b, now=NOW + timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        cancel(taken, now=NOW)
    offer = WaitlistOffer.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        assert waitlist.decline(offer, now=NOW + timedelta(minutes=5))
        assert not waitlist.decline(offer, now=NOW + timedelta(minutes=6))
    nxt = WaitlistOffer.objects.get(status=OfferStatus.OFFERED)
    assert nxt.entry == second
    offers = [m.to for m in mail.outbox if m.subject.startswith("A time is free")]
    assert offers == [["ann@example.com"], ["ben@example.com"]]
    # The hold ran out but the cron job has not run yet: accepting is refused anyway.
    with pytest.raises(OfferClosedError):
        waitlist.accept(nxt, now=nxt.expires_at)


def test_a_move_frees_the_old_time_and_only_matching_entries_are_offered_it(
    world: World, london_at: Callable[..., datetime], django_capture_on_commit_callbacks
) -> None:
    moved = _booked(world, london_at(DAY, 10))
    # Bob only, another day: neither matches Alice's 10:00.
    waitlist.join(_wants(world, world.bob), client=world.client_b, now=NOW)
    waitlist.join(
        _wants(world, first=DAY + timedelta(days=1), last=DAY + timedelta(days=2)),
        name="Other Day",
        email="other@example.com",
        now=NOW,
    )
    matching = waitlist.join(_wants(world, world.alice), client=world.client_a, now=NOW)
    # Behind it, a three-hour spa visit that the hour freed would fit, but for the hold.
    waitlist.join(
        Wanted(world.spa_afternoon, None, DAY, DAY),
        name="Spa",
        email="spa@example.com",
        now=NOW + timedelta(seconds=1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        reschedule(moved, london_at(DAY, 15), now=NOW)
    (offer,) = WaitlistOffer.objects.all()
    assert offer.entry == matching and offer.start == london_at(DAY, 10)


def test_joining_refuses_what_can_never_be_offered(world: World) -> None:
    elsewhere = Clinic.objects.create(name="Elsewhere")
    user = get_user_model().objects.create_user(username="eve@example.com", password=None)
    eve = Staff.objects.create(user=user, clinic=elsewhere, display_name="Eve")
    stranger = Client.objects.create(clinic=elsewhere, name="Sam", email="sam@example.com")
    with pytest.raises(NotBookableError, match="does not work at the clinic"):
        waitlist.join(_wants(world, eve), client=world.client_a, now=NOW)
    with pytest.raises(NotBookableError, match="passed"):
        waitlist.join(_wants(world, first=date(2026, 12, 1)), client=world.client_a, now=NOW)
    with pytest.raises(NotBookableError, match="before the first"):
        waitlist.join(_wants(world, first=DAY, last=DAY - timedelta(days=1)), client=world.client_a)
    with pytest.raises(NotBookableError, match="name and email"):
        waitlist.join(_wants(world), name="No Address", now=NOW)
    with pytest.raises(NotBookableError, match="another clinic"):
        waitlist.join(_wants(world), client=stranger, now=NOW)
    assert not WaitlistEntry.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_cancellations_at_once_make_two_offers_and_nothing_is_double_booked(
    london_at: Callable[..., datetime],
) -> None:
    world = make_world()
    ten = london_at(DAY, 10)
    gone = [_booked(world, ten, world.alice), _booked(world, ten, world.bob)]
    entries = [
        waitlist.join(
            _wants(world),
            name=f"Wait {n}",
            email=f"wait{n}@example.com",
            now=NOW + timedelta(seconds=n),
        )
        for n in range(3)
    ]

    def race(jobs: list[Callable[[], object]]) -> list[object]:
        barrier = threading.Barrier(len(jobs))
        results: list[object] = [None] * len(jobs)

        def run(n: int) -> None:
            try:
                barrier.wait(timeout=30)
                try:
                    results[n] = jobs[n]()
                except BookingError as refused:
                    results[n] = refused
            finally:
                connection.close()

        threads = [threading.Thread(target=run, args=(n,)) for n in range(len(jobs))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        return results

    race([partial(cancel, a, now=NOW) for a in gone])

    offers = list(WaitlistOffer.objects.order_by("entry__queued_at"))
    # The first two in line get one time each; the third still waits.
    assert [o.entry_id for o in offers] == [entries[0].pk, entries[1].pk]
    assert {o.therapist_id for o in offers} == {world.alice.pk, world.bob.pk}
    assert WaitlistEntry.objects.get(pk=entries[2].pk).status == EntryStatus.WAITING
    assert Appointment.objects.filter(status=Status.HELD).count() == 2
    assert_no_overlaps()

    # Both accept while two other people try to book the same two times directly.
    accepted = NOW + timedelta(minutes=10)
    jump = Guest("Jump Queue", "jump@example.com")
    jobs: list[Callable[[], object]] = [partial(waitlist.accept, o, now=accepted) for o in offers]
    jobs += [partial(_booked, world, ten, t, jump) for t in (world.alice, world.bob)]
    results = race(jobs)
    assert all(isinstance(r, Appointment) for r in results[:2]), results
    assert all(isinstance(r, SlotTakenError) for r in results[2:]), results
    at_ten = Appointment.objects.filter(start=ten).exclude(status=Status.CANCELLED)
    assert at_ten.count() == 2 and all(a.status == Status.BOOKED for a in at_ten)
    assert_no_overlaps()


def test_the_cron_command_releases_lapsed_holds_once(
    world: World, london_at: Callable[..., datetime], django_capture_on_commit_callbacks, capsys
) -> None:
    from triggerpoint.cli import main

    taken = _booked(world, london_at(DAY, 10))
    waitlist.join(_wants(world), client=world.client_a, now=NOW - timedelta(hours=4))
    waitlist.join(_wants(world), client=world.client_b, now=NOW - timedelta(hours=3))
    with django_capture_on_commit_callbacks(execute=True):
        cancel(taken, now=NOW - timedelta(hours=3))  # held until an hour ago
    with django_capture_on_commit_callbacks(execute=True):
        assert main(["waitlist-expire"]) == 0
    assert "released 1 lapsed hold(s), made 1 new offer(s)" in capsys.readouterr().out
    assert main(["waitlist-expire"]) == 0
    assert "released 0 lapsed hold(s), made 0 new offer(s)" in capsys.readouterr().out
    assert WaitlistOffer.objects.get(status=OfferStatus.OFFERED).entry.client == world.client_b


def test_a_guest_using_a_clients_email_is_offered_on_a_record_of_their_own(
    world: World, london_at: Callable[..., datetime], django_capture_on_commit_callbacks
) -> None:
    # Anyone can type someone else's address: the hold must not land on Ann's record.
    taken = _booked(world, london_at(DAY, 10))
    waitlist.join(_wants(world), name="Not Ann", email=world.client_a.email, now=NOW)
    with django_capture_on_commit_callbacks(execute=True):
        cancel(taken, now=NOW)
    offer = WaitlistOffer.objects.get()
    assert offer.hold is not None and offer.hold.client != world.client_a
    assert offer.hold.client.name == "Not Ann"
    assert not world.client_a.appointments.exists()


def test_a_freed_time_too_short_for_the_service_is_offered_from_the_first_start_not_past(
    world: World, london_at: Callable[..., datetime], django_capture_on_commit_callbacks
) -> None:
    """Half an hour freed at 12:30, cancelled at 12:20 for an hour's session: the hour that
    uses the freed time and has not begun yet starts at 12:30 (11:45 to 12:15 overlap the
    freed time too, but 12:15 is past and the earlier ones with it)."""
    short = book(
        service=world.session30,
        therapist=world.alice,
        start=london_at(DAY, 12, 30),
        client=world.client_b,
        now=NOW,
    ).appointment
    waitlist.join(_wants(world, world.alice), client=world.client_a, now=NOW)
    with django_capture_on_commit_callbacks(execute=True):
        cancel(short, now=london_at(DAY, 12, 20))
    (offer,) = WaitlistOffer.objects.all()
    assert offer.start == london_at(DAY, 12, 30)


def test_an_offer_email_that_fails_does_not_undo_the_cancellation_or_the_offer(
    world: World,
    london_at: Callable[..., datetime],
    django_capture_on_commit_callbacks,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    taken = _booked(world, london_at(DAY, 10))
    entry = waitlist.join(_wants(world, world.alice), client=world.client_a, now=NOW)

    def mail_server_down(offer_id: int) -> None:
        raise ConnectionRefusedError("the mail server is down")

    monkeypatch.setattr(waitlist, "_send_offer", mail_server_down)
    with django_capture_on_commit_callbacks(execute=True):
        cancel(taken, now=NOW)  # the failure is logged after the commit, not raised
    taken.refresh_from_db()
    entry.refresh_from_db()
    assert taken.status == Status.CANCELLED and entry.status == EntryStatus.OFFERED
    assert WaitlistOffer.objects.get().status == OfferStatus.OFFERED
