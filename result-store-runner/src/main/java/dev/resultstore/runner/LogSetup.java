package dev.resultstore.runner;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import dev.resultstore.config.ResultStoreConfig;
import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.fieldnames.LogstashFieldNames;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code log.format} and {@code log.level} to Logback. Every event is one line on stderr:
 * the plain pattern of {@code logback.xml} (line breaks in messages and stack traces flattened), or
 * one JSON object per line ({@link #jsonEncoder}).
 */
final class LogSetup {

  /** The encoder's word for "leave this field out". */
  private static final String IGNORE = "[ignore]";

  /** The CQL driver's loggers' common parent. */
  static final String DRIVER_LOGGER = "com.datastax.oss.driver";

  private LogSetup() {}

  /** Reconfigures the root logger; call once, after the configuration was read. */
  static void apply(ResultStoreConfig.Log log) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(log.level(), Level.INFO));
    if (log.format().equals("json")) {
      replaceAppender(context, root, jsonEncoder(context));
    }
  }

  /**
   * One JSON object per line with the field names log aggregators read: {@code @timestamp} (RFC
   * 3339, UTC), {@code level}, {@code logger}, {@code thread}, {@code message}, the MDC keys at the
   * top level, {@code stack_trace} when there is one.
   */
  static LogstashEncoder jsonEncoder(LoggerContext context) {
    LogstashEncoder encoder = new LogstashEncoder();
    encoder.setContext(context);
    encoder.setTimeZone("UTC");
    LogstashFieldNames names = encoder.getFieldNames();
    names.setLogger("logger");
    names.setThread("thread");
    names.setVersion(IGNORE);
    names.setLevelValue(IGNORE);
    encoder.start();
    return encoder;
  }

  /** Only warnings and errors: for the one-shot commands, whose stdout is their output. */
  static void quiet() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
    }
  }

  /**
   * Only errors from the CQL driver from now on: for a one-shot command closing its store after its
   * output is written. The driver's shutdown can race with its own scheduled tasks (one meeting a
   * channel already closed is logged as a warning); such a line says nothing about the command and
   * would be a second line on the stderr that a script reads.
   */
  static void closingStore() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.getLogger(DRIVER_LOGGER).setLevel(Level.ERROR);
    }
  }

  /** Flushes and stops every appender; nothing is logged afterwards. */
  static void stop() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.stop();
    }
  }

  private static void replaceAppender(
      LoggerContext context, Logger root, Encoder<ILoggingEvent> encoder) {
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setName("STDERR");
    appender.setTarget("System.err");
    appender.setEncoder(encoder);
    appender.start();
    root.detachAndStopAllAppenders();
    root.addAppender(appender);
  }
}
