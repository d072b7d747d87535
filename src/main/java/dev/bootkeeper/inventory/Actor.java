package dev.bootkeeper.inventory;

import jakarta.enterprise.context.RequestScoped;

/**
 * Who is making the changes of the request being served, and from which address: set by the API's
 * token check and the dashboard's login check before any change runs, read by the {@link AuditLog}.
 * Work that no person started (start-up scans, retention) stays "system".
 */
@RequestScoped
public class Actor {

  /** How the actor proved who it is. */
  public enum Kind {
    USER,
    TOKEN,
    SYSTEM
  }

  private String name = "system";
  private Kind kind = Kind.SYSTEM;
  private String address;

  /** A person logged in to the dashboard. */
  public void user(String username, String address) {
    set(username, Kind.USER, address);
  }

  /** A caller of the REST API, known by its token's name. */
  public void token(String tokenName, String address) {
    set(tokenName, Kind.TOKEN, address);
  }

  private void set(String name, Kind kind, String address) {
    this.name = name;
    this.kind = kind;
    this.address = address;
  }

  public String name() {
    return name;
  }

  public Kind kind() {
    return kind;
  }

  /** The client address; null when no request is involved. */
  public String address() {
    return address;
  }
}
