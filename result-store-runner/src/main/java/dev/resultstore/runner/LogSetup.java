package dev.resultstore.runner;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code log.format} and {@code log.level} to Logback. Every event is one line on stderr:
 * the plain pattern of {@code logback.xml} (line breaks in messages and stack traces flattened), or
 * one JSON object per line with Logback's {@link JsonEncoder}.
 */
final class LogSetup {

  private LogSetup() {}

  /** Reconfigures the root logger; call once, after the configuration was read. */
  static void apply(RunnerConfig.Log log) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(log.level(), Level.INFO));
    if (log.format().equals("json")) {
      JsonEncoder encoder = new JsonEncoder();
      encoder.setContext(context);
      encoder.setWithSequenceNumber(false);
      encoder.setWithNanoseconds(false);
      encoder.setWithContext(false);
      encoder.setWithArguments(false);
      encoder.setWithMessage(false);
      encoder.setWithFormattedMessage(true);
      encoder.start();
      replaceAppender(context, root, encoder);
    }
  }

  /** Only warnings and errors: for the one-shot commands, whose stdout is their output. */
  static void quiet() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
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
