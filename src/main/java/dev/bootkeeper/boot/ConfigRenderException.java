package dev.bootkeeper.boot;

/**
 * A config that cannot be rendered: a custom template that fails for this profile, output over the
 * size limit, or a stored value no format can carry safely. The message is one line for the log and
 * for the admin; it is never sent to a boot client.
 */
public class ConfigRenderException extends RuntimeException {

  public ConfigRenderException(String message) {
    super(oneLine(message));
  }

  static String oneLine(String s) {
    String t = s == null ? "" : s.replaceAll("\\s+", " ").strip();
    return t.length() > 500 ? t.substring(0, 500) + "…" : t;
  }
}
