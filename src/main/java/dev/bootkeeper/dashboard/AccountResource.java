package dev.bootkeeper.dashboard;

import dev.bootkeeper.dashboard.auth.AnyRole;
import dev.bootkeeper.dashboard.auth.CsrfChecked;
import dev.bootkeeper.dashboard.auth.CurrentUser;
import dev.bootkeeper.dashboard.auth.DashboardGuard;
import dev.bootkeeper.dashboard.auth.DashboardPage;
import dev.bootkeeper.dashboard.auth.SeeOther;
import dev.bootkeeper.dashboard.auth.Sessions;
import dev.bootkeeper.inventory.AuditLog;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

/** Logging out: ends the session in the store and clears the cookie. */
@Path("/logout")
@DashboardPage
@CsrfChecked
@Blocking
public class AccountResource {

  private final Sessions sessions;
  private final CurrentUser current;
  private final AuditLog audit;

  public AccountResource(Sessions sessions, CurrentUser current, AuditLog audit) {
    this.sessions = sessions;
    this.current = current;
    this.audit = audit;
  }

  @POST
  @AnyRole
  public Response logout(@FormParam(DashboardGuard.CSRF_FIELD) String csrf) {
    sessions.logout(current.get());
    audit.recordAlone("logout", AuditLog.SESSION, current.get().username(), "logged out");
    return SeeOther.to("/login")
        .cookie(new NewCookie.Builder(Sessions.COOKIE).value("").path("/").maxAge(0).build())
        .build();
  }
}
