import { PageObject } from "./page-object";

/** The login form (/login) of a dashboard started with DASHBOARD_PASSWORD. */
export class LoginPage extends PageObject {
  readonly heading = this.page.getByRole("heading", { name: "Log in" });
  readonly password = this.page.getByLabel("Password");
  readonly submit = this.page.getByRole("button", { name: "Log in" });
  readonly error = this.page.getByTestId("login-error");
  readonly logout = this.page.getByTestId("logout");

  async goto(): Promise<void> {
    await this.open(`/login`);
  }

  async logIn(password: string): Promise<void> {
    await this.password.fill(password);
    await this.submit.click();
  }
}
