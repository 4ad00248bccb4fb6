"""Users of the large department (bench/large.py) on the pages people keep open, and a trivial route.

Run by bench/load.sh; each user logs in once, then requests its page in a loop."""
import re

from locust import HttpUser, constant, task

PASSWORD = "bench-password-1"


class _Signed(HttpUser):
    abstract = True
    wait_time = constant(0)
    username = "staff001"

    def on_start(self):
        page = self.client.get("/login", name="login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        self.client.post("/login", data={"csrf_token": token, "username": self.username, "password": PASSWORD},
                         name="login", allow_redirects=False)


class Trivial(_Signed):
    @task
    def healthz(self):
        self.client.get("/healthz", name="trivial /healthz")


class Checklist(_Signed):
    @task
    def checklist(self):
        self.client.get("/checklist", name="checklist")


class Dashboard(_Signed):
    username = "office"

    @task
    def dashboard(self):
        self.client.get("/dashboard", name="dashboard")


class Approvals(_Signed):
    username = "director"

    @task
    def approvals(self):
        self.client.get("/approvals", name="approval queue")
