package dev.bootkeeper.inventory;

/**
 * A change or a lookup the inventory refuses, with a message a person can act on. The kind tells
 * the caller how to present it (the API as 404, 409 or 400); the message is written once, here.
 */
public class InventoryException extends RuntimeException {

  /** Why the inventory refused. */
  public enum Kind {
    /** What was asked for does not exist. */
    NOT_FOUND,
    /** The change clashes with what exists: a name taken, a profile still in use. */
    CONFLICT,
    /** The input itself is wrong. */
    INVALID
  }

  private final Kind kind;

  public InventoryException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public static InventoryException notFound(String message) {
    return new InventoryException(Kind.NOT_FOUND, message);
  }

  public static InventoryException conflict(String message) {
    return new InventoryException(Kind.CONFLICT, message);
  }

  public static InventoryException invalid(String message) {
    return new InventoryException(Kind.INVALID, message);
  }

  public Kind kind() {
    return kind;
  }

  /**
   * The same refusal, its message led by where it happened (an entry of a document, a line of a
   * file), so that a person finds the culprit in a long import.
   */
  public InventoryException at(String where) {
    return new InventoryException(kind, where + ": " + getMessage());
  }
}
