"""A command killed with SIGTERM (a scheduler's timeout, kill PID) cleans up like Ctrl-C does."""
import signal
import subprocess
import sys
import textwrap
from pathlib import Path


def test_sigterm_runs_the_cleanup_of_temporary_folders(tmp_path):
    script = textwrap.dedent(f"""
        import tempfile, time
        from ie.cli import exit_cleanly_on_sigterm
        exit_cleanly_on_sigterm()
        with tempfile.TemporaryDirectory(dir={str(tmp_path)!r}, prefix="ie-train-") as tmp:
            print(tmp, flush=True)
            time.sleep(60)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    folder = Path(proc.stdout.readline().strip())
    assert folder.is_dir()
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 128 + signal.SIGTERM
    assert not folder.exists()
