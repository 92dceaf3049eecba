"""The scheduler runs each app's periodic jobs at their turn, and one failing job stops no other."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from core import schedule
from core.schedule import Job

LONDON = ZoneInfo("Europe/London")


def test_every_app_job_is_found():
    names = [job.name for job in schedule.jobs()]
    assert "guidance.schedule.publish_scheduled_pages" in names
    assert "forum.schedule.queue_daily_digests" in names
    assert "directory.schedule.queue_access_log_purge" in names
    assert "directory.schedule.queue_review_reminders" in names
    assert "core.schedule.requeue_abandoned_tasks" in names  # with the task queue, not search


def test_an_interval_job_runs_at_once_and_then_each_interval():
    job = Job(name="tick", run=lambda: None, interval=timedelta(minutes=5))
    start = datetime(2026, 12, 3, 9, 0, tzinfo=LONDON)
    assert job.is_due(None, start)
    assert not job.is_due(start, start + timedelta(minutes=4))
    assert job.is_due(start, start + timedelta(minutes=5))


def test_a_daily_job_runs_once_a_day_after_its_time_in_london():
    job = Job(name="digest", run=lambda: None, at=datetime.strptime("07:00", "%H:%M").time())
    # 06:30 BST in summer is 05:30 UTC: not yet.
    assert not job.is_due(None, datetime(2026, 7, 1, 5, 30, tzinfo=ZoneInfo("UTC")))
    seven_thirty = datetime(2026, 7, 1, 7, 30, tzinfo=LONDON)
    assert job.is_due(None, seven_thirty)
    assert not job.is_due(seven_thirty, seven_thirty + timedelta(hours=10))
    assert job.is_due(seven_thirty, seven_thirty + timedelta(days=1))


def test_a_failing_job_is_logged_and_the_others_still_run(monkeypatch, caplog):
    ran = []

    def broken():
        raise RuntimeError("boom")

    minute = timedelta(minutes=1)
    monkeypatch.setattr(
        schedule,
        "_jobs",
        {
            "a.broken": Job(name="a.broken", run=broken, interval=minute),
            "b.fine": Job(name="b.fine", run=lambda: ran.append("ok"), interval=minute),
        },
    )
    last_runs: dict = {}
    assert schedule.run_due(last_runs) == ["a.broken", "b.fine"]
    assert ran == ["ok"]
    assert "a.broken failed" in caplog.text
    assert schedule.run_due(last_runs) == []
