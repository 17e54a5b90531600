"""Accounts and signing in, for the tests of the policy team's pages."""
import re

PASSWORD = "correct horse battery staple"
EDITOR, VIEWER = "editor@example.org", "viewer@example.org"


def create_user(app, email: str, role: str, password: str = PASSWORD):
    result = app.test_cli_runner().invoke(args=["create-user", email, "--role", role],
                                          input=f"{password}\n{password}\n")
    assert result.exit_code == 0, result.output
    return result


def csrf_token(client, url: str) -> str:
    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def sign_in(client, email: str, password: str = PASSWORD, token: str | None = None):
    data = {"email": email, "password": password}
    if token:
        data["csrf_token"] = token
    return client.post("/admin/sign-in", data=data)
