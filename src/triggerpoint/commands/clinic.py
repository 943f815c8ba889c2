"""`triggerpoint serve | demo | remind | manage | booking`: run the clinic web app and its
chores."""

from __future__ import annotations

import os
import socket
import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from triggerpoint.commands import backup, bookings
from triggerpoint.commands.errors import CliError
from triggerpoint.commands.settings import settings_list

console = Console()
SETTINGS = "triggerpoint.site.settings"


def _django() -> None:
    """Configure Django; a bad setting is a one-line error, not a traceback."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    import django
    from django.apps import apps
    from django.core.exceptions import ImproperlyConfigured

    if apps.ready:  # set up already in this process (a second call, or a test): setting up
        return  # again would rebind logging to whatever stderr is now, perhaps a closed one
    try:
        django.setup()
    except ImproperlyConfigured as error:
        raise CliError(str(error)) from None


def _migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="Worker processes (uvicorn, under gunicorn).")
    ] = 2,
    demo: Annotated[bool, typer.Option(help="Create the demo clinic if there is none.")] = False,
    dev: Annotated[
        bool, typer.Option("--dev", help="Development mode: DEBUG on, plain-HTTP cookies.")
    ] = False,
) -> None:
    """Apply migrations and serve the app: gunicorn running uvicorn workers, so slow clients
    cannot hold a worker (site/serving.py); production settings unless --dev."""
    _refuse_a_taken_port(host, port)
    # Without --dev, DEBUG is off whatever the environment says: a debug 404 page lists
    # every URL pattern, and a debug 500 page shows settings and local variables.
    os.environ["DEBUG"] = "true" if dev else "false"
    if dev:
        os.environ.setdefault("TRIGGERPOINT_ENV", "development")
    _django()
    from django.core.management import call_command

    from triggerpoint.clinic.models import Clinic

    _migrate()
    call_command("collectstatic", interactive=False, verbosity=0)
    if demo and not Clinic.objects.exists():
        _create_demo(1, 3, 20, 4)
    console.print(f"Serving on http://{host}:{port}/ (admin at /admin/, API at /api/v1/docs)")
    args = [sys.executable, "-m", "gunicorn", *gunicorn_args(host, port, workers)]
    sys.stdout.flush()
    os.execv(sys.executable, args)


def _refuse_a_taken_port(host: str, port: int) -> None:
    """A one-line error when something already listens on the address. Each worker listens
    with SO_REUSEPORT (`gunicorn_args`), so a second server on the port would not fail: it
    would quietly take a share of the first one's connections."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as error:
        raise CliError(f"cannot listen on {host}: {error.strerror}") from None
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # TIME_WAIT is free
        try:
            probe.bind(address)
        except OSError as error:
            raise CliError(f"cannot listen on {host}:{port}: {error.strerror}") from None


KEEP_ALIVE = 5  # seconds an idle connection stays open
WORKER_TIMEOUT = 30  # seconds a worker may miss its heartbeat before gunicorn restarts it


def gunicorn_args(host: str, port: int, workers: int) -> list[str]:
    """The gunicorn command line after `python -m gunicorn`: uvicorn workers on the ASGI
    app (site/serving.py says why), warmed up by the hooks in site/gunicorn_hooks.py."""
    return [
        "triggerpoint.site.asgi:application",
        "--worker-class",
        "triggerpoint.site.serving.Worker",
        "--config",
        "python:triggerpoint.site.gunicorn_hooks",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--keep-alive",
        str(KEEP_ALIVE),
        "--timeout",
        str(WORKER_TIMEOUT),
        "--graceful-timeout",
        str(WORKER_TIMEOUT),
        # A listening socket per worker (SO_REUSEPORT): the kernel spreads new connections
        # over the workers. On one shared socket the first worker to wake accepted a whole
        # burst, and a client's 8 kept-alive connections were all served by one worker.
        "--reuse-port",
    ]


def demo(
    clinics: Annotated[int, typer.Option(min=1, max=1000, help="How many clinics.")] = 1,
    therapists: Annotated[int, typer.Option(min=1, max=500, help="Therapists per clinic.")] = 3,
    clients: Annotated[int, typer.Option(min=1, max=1_000_000, help="Clients per clinic.")] = 20,
    weeks: Annotated[int, typer.Option(min=0, max=260, help="Weeks of bookings each way.")] = 4,
) -> None:
    """Create demo data: one clinic by default, or many for load tests."""
    _django()
    _migrate()
    from django.contrib.auth import get_user_model

    if get_user_model().objects.filter(username="owner@example.com").exists():
        raise CliError("demo data already exists in this database; start from an empty one")
    _create_demo(clinics, therapists, clients, weeks)


def _create_demo(clinics: int, therapists: int, clients: int, weeks: int) -> None:
    from triggerpoint.clinic.demo import seed as demo_data

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console) as bar:
        tasks: dict[str, object] = {}

        def report(name: str, done: int, total: int) -> None:
            if name not in tasks:
                tasks[name] = bar.add_task(f"bookings for {name}", total=total)
            bar.update(tasks[name], completed=done)  # type: ignore[arg-type]

        summary = demo_data.create(clinics, therapists, clients, weeks, progress=report)
    console.print(
        f"Created {summary.clinics} clinic(s), {summary.therapists} therapists, "
        f"{summary.clients} clients and {summary.appointments} appointments."
    )
    table = Table(title=f"Demo logins (password: {demo_data.DEMO_PASSWORD}; demo only)")
    table.add_column("email")
    table.add_column("role")
    order = {"owner": 0, "therapist": 1, "client": 2}
    for login in sorted(summary.logins, key=lambda item: order.get(item.role, 3)):
        table.add_row(login.email, login.role)
    console.print(table)


def remind(
    hours: Annotated[
        int | None,
        typer.Option(
            min=1, max=336, help="One lead time for every clinic instead of each clinic's own."
        ),
    ] = None,
) -> None:
    """Email the reminders due now (each clinic's lead times, default 48 h and 2 h).

    Run it every few minutes (cron, systemd timer); each reminder goes once, even when
    two runs overlap."""
    _django()
    from datetime import timedelta

    from triggerpoint.clinic.messaging.reminders import send_due

    sent = send_due(ahead=timedelta(hours=hours) if hours else None)
    console.print(f"sent {sent} reminder(s)")


def manage(ctx: typer.Context) -> None:
    """Run a Django management command, e.g. `triggerpoint manage createsuperuser`."""
    _django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["triggerpoint manage", *ctx.args])


def register(app: typer.Typer) -> None:
    """Add the clinic commands to the root app (one line in cli.py)."""
    app.command()(serve)
    app.command()(demo)
    app.command()(remind)
    app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})(manage)
    app.command(name="settings")(settings_list)
    app.command()(backup.backup)
    app.command()(backup.restore)
    app.add_typer(bookings.app, name="booking")  # booking add | move | cancel
