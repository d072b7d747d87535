package dev.bootkeeper;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;

/**
 * The log records of one category (and those below it) while a test runs, with their messages as
 * the log shows them: JBoss Logging's printf-style records are formatted with their parameters.
 */
public final class CapturedLog extends Handler implements AutoCloseable {

  private final Logger logger;
  private final List<String> messages = new CopyOnWriteArrayList<>();

  private CapturedLog(String category) {
    this.logger = Logger.getLogger(category);
  }

  /** Starts capturing; close it to stop. The empty category is the root. */
  public static CapturedLog of(String category) {
    CapturedLog log = new CapturedLog(category);
    log.logger.addHandler(log);
    return log;
  }

  /** The formatted messages so far, oldest first. */
  public List<String> messages() {
    return List.copyOf(messages);
  }

  @Override
  public void publish(LogRecord record) {
    messages.add(
        record instanceof ExtLogRecord ext
            ? ext.getFormattedMessage()
            : String.valueOf(record.getMessage()));
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
  }
}
