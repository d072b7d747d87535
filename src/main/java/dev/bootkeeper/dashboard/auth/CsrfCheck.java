package dev.bootkeeper.dashboard.auth;

import dev.bootkeeper.dashboard.DashboardException;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.util.Set;
import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;

/**
 * Checks the CSRF token of a dashboard form post: the hidden {@code _csrf} field that every form
 * carries, compared with the session's token. Runs when the resource method is called, after the
 * form was parsed; a request whose {@code X-CSRF-Token} header the guard already checked passes.
 */
@CsrfChecked
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
public class CsrfCheck {

  private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

  private final CurrentUser current;

  public CsrfCheck(CurrentUser current) {
    this.current = current;
  }

  @AroundInvoke
  Object check(InvocationContext ctx) throws Exception {
    ResteasyReactiveRequestContext request = CurrentRequestManager.get();
    if (request == null || READS.contains(request.getMethod()) || current.isCsrfVerified()) {
      return ctx.proceed();
    }
    SessionInfo session = current.get();
    Object sent = request.getFormParameter(DashboardGuard.CSRF_FIELD, true, false);
    if (session == null
        || !DashboardGuard.matchesToken(
            sent == null ? null : sent.toString(), session.csrfToken())) {
      throw new DashboardException(
          403,
          "This form has expired",
          "The request did not carry this session's security token, so it was refused. Reload the"
              + " page and try again.");
    }
    return ctx.proceed();
  }
}
