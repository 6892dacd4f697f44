"""Sending from the window: Settings › Mail, the summary dialog, the pump and the outbox,
through a real SMTP server on loopback."""

from __future__ import annotations

from dataclasses import replace

from aiosmtpd.controller import Controller
from pytestqt.qtbot import QtBot

from desktop_app.domain.codes import Session as RegisterSession
from desktop_app.models.engine import Database
from desktop_app.services.mail_settings import mail_server
from desktop_app.services.sending import records
from desktop_app.views.sending.outbox_dialog import OutboxDialog
from desktop_app.views.sending.pump import OutboxPump
from desktop_app.views.sending.summary_dialog import SummaryDialog
from desktop_app.views.settings.mail import MailPanel
from desktop_app.views.shell.main_window import MainWindow
from tests.mail.conftest import Inbox, configure, smtp  # noqa: F401 (a fixture)
from tests.reports.conftest import NOW, fresh, template  # noqa: F401 (fixtures)
from tests.ui.conftest import context_for

AM = RegisterSession.AM


def test_mail_settings_refuse_a_bad_address_and_save_a_good_one(
    qtbot: QtBot,
    fresh: Database,  # noqa: F811
) -> None:
    context = context_for(fresh, "director")
    panel = MailPanel(context)
    qtbot.addWidget(panel)
    panel.form.edits["host"].setText("smtp.example.org")
    panel.form.edits["from_address"].setText("office at example")
    panel.save_button.click()
    assert "not an email address" in panel.form.errors["from_address"].text()
    assert not mail_server(fresh, context.user).configured
    panel.form.edits["from_address"].setText("office@provision.example.org")
    panel.form.edits["password"].setText("s3cret-app-password")
    panel.form.edits["username"].setText("office")
    panel.save_button.click()
    saved = mail_server(fresh, context.user)
    assert saved.configured and saved.has_password
    assert "keyring" in panel.message.text() and panel.form.value("password") == ""


def test_a_commissioner_password_is_agreed_and_never_shown_again(
    qtbot: QtBot,
    fresh: Database,  # noqa: F811
) -> None:
    panel = MailPanel(context_for(fresh, "director"))
    qtbot.addWidget(panel)
    panel.comm_form.edits["pdf_password"].setText("short")
    panel.save_commissioner()
    assert "at least 8" in panel.comm_form.errors["pdf_password"].text()
    panel.comm_form.edits["pdf_password"].setText("long-enough-secret")
    panel.save_commissioner()
    assert panel.comm_message.text().startswith("Saved for")
    assert panel.comm_form.value("pdf_password") == ""
    assert "agreed" in panel.comm_form.edits["pdf_password"].placeholderText()


def test_the_summary_dialog_previews_then_sends_and_the_pump_delivers(
    qtbot: QtBot,
    fresh: Database,  # noqa: F811
    smtp: tuple[Inbox, Controller],  # noqa: F811
) -> None:
    inbox, controller = smtp
    configure(fresh, controller.port)
    context = replace(context_for(fresh, "officer"), clock=lambda: NOW.replace(day=18, hour=12))
    dialog = SummaryDialog(context, AM)
    qtbot.addWidget(dialog)
    assert dialog.plan.text().count("learner(s)") == 4 and dialog.send_button.isEnabled()
    dialog.session.setCurrentIndex(dialog.session.findData("PM"))
    assert "not all taken" in dialog.plan.text() and not dialog.send_button.isEnabled()
    dialog.session.setCurrentIndex(dialog.session.findData("AM"))
    dialog.send_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted
    pump = OutboxPump(context)
    with qtbot.waitSignal(pump.sig_outbox_said, timeout=10_000) as said:
        pump.deliver_now()
    assert said.args == [said.args[0]] and said.args[0].startswith("4 email(s) sent")
    assert len(inbox.messages) == 4


def test_the_outbox_resends_a_refused_message(
    qtbot: QtBot,
    fresh: Database,  # noqa: F811
    smtp: tuple[Inbox, Controller],  # noqa: F811
) -> None:
    inbox, controller = smtp
    configure(fresh, controller.port)
    inbox.refuse.add("attendance@northgate.example.org")
    context = replace(context_for(fresh, "officer"), clock=lambda: NOW.replace(day=18, hour=12))
    from desktop_app.services.outbox import deliver
    from desktop_app.services.sending import send_summary

    send_summary(fresh, context.user, NOW.date().replace(day=18), AM, context.clock())
    deliver(fresh, context.user, context.clock().astimezone())
    dialog = OutboxDialog(context)
    qtbot.addWidget(dialog)
    refused = next(
        r for r in range(dialog.model.rowCount()) if dialog.model.item(r).status == "failed"
    )
    dialog.table.selectRow(refused)
    assert "550" in dialog.model.item(refused).last_error
    assert dialog.resend_button.isEnabled()
    dialog.resend_button.click()
    assert [r.status for r in records(fresh, context.user)].count("queued") == 1


def test_the_send_menu_is_there_for_the_officer_and_not_for_a_tutor(
    qtbot: QtBot,
    fresh: Database,  # noqa: F811
) -> None:
    titles = {}
    for who in ("officer", "tutor1"):
        window = MainWindow(context_for(fresh, who))
        qtbot.addWidget(window)
        titles[who] = [a.text() for a in window.menuBar().actions()]
    assert "&Send" in titles["officer"] and "&Send" not in titles["tutor1"]
