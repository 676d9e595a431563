package dev.resultstore.nats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resultstore.core.EventIdentity;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeadLetterReaderIT {
  private static final int LETTERS = 48;
  private static final int PAYLOAD_BYTES = 1024 * 1024;

  private TestNats nats;

  @BeforeEach
  void setUp() {
    nats = TestNats.shared();
  }

  @AfterEach
  void tearDown() {
    nats.close();
  }

  @Test
  void going_through_many_large_letters_holds_one_at_a_time() throws Exception {
    nats.createStream(nats.config().build());
    for (int i = 1; i <= LETTERS; i++) {
      nats.jetStream.publish(nats.prefix + ".dlq.result.app", letter(i).toJson());
    }
    List<Long> receivedWhenHanded = new ArrayList<>();
    long handed;
    try (Connection reader = Nats.connect(nats.url)) {
      long before = reader.getStatistics().getInBytes();
      handed =
          DeadLetterReader.forEach(
              reader,
              nats.stream,
              nats.prefix,
              letter -> true,
              stored -> {
                if (receivedWhenHanded.isEmpty()) {
                  sleep(); // time for the client to take in whatever it asked for ahead
                }
                receivedWhenHanded.add(reader.getStatistics().getInBytes() - before);
              });
    }

    // A letter costs about 1.4 MB on the wire (the get answer carries it in base64): at each
    // letter handed on, the reader has received that letter, not the next ones.
    long oneLetterOnTheWire = 2L * PAYLOAD_BYTES;
    assertThat(handed).isEqualTo(LETTERS);
    assertThat(receivedWhenHanded.get(0))
        .as("bytes received when the first letter is handed on, 2 s later")
        .isLessThanOrEqualTo(oneLetterOnTheWire);
    for (int i = 1; i < receivedWhenHanded.size(); i++) {
      assertThat(receivedWhenHanded.get(i) - receivedWhenHanded.get(i - 1))
          .as("bytes received between letters %d and %d", i, i + 1)
          .isLessThanOrEqualTo(oneLetterOnTheWire);
    }
  }

  /**
   * Before the reader read the letters one at a time by sequence, it iterated an ordered consumer
   * (jnats' {@code OrderedConsumerContext.iterate()}), which asks for 500 messages with no byte
   * limit. With letters of 1 MiB read more slowly than they arrive, more than 64 MiB wait: past
   * jnats' pending limit of the subscription (64 MiB) the client drops letters, the ordered
   * consumer sees the gap and replaces its subscription, and the iterator's {@code nextMessage}
   * answers {@code null} for the subscription it closed; past the server's {@code max_pending} (64
   * MiB) the server closes the connection, and {@code nextMessage} waits in vain while the client
   * reconnects. The reader took that {@code null} for the end and stopped after 63 to 126 of 200
   * letters: a replay or a list silently missed the rest.
   */
  @Test
  void every_one_of_many_letters_near_the_maximum_payload_is_read_however_slowly()
      throws Exception {
    int letters = 200;
    nats.createStream(nats.config().build());
    for (int i = 1; i <= letters; i++) {
      nats.jetStream.publish(nats.prefix + ".dlq.result.app", letter(i).toJson());
    }
    List<Long> handedSequences = new ArrayList<>();
    List<DeadLetterReader.Stored> lastTen;
    try (Connection reader = Nats.connect(nats.url)) {
      long handed =
          DeadLetterReader.forEach(
              reader,
              nats.stream,
              nats.prefix,
              letter -> true,
              stored -> {
                handedSequences.add(stored.letter().streamSequence());
                pause(Duration.ofMillis(20)); // a replay publishes each letter as it is read
              });
      assertThat(handed).isEqualTo(letters);
      lastTen =
          DeadLetterReader.read(
              reader,
              nats.stream,
              nats.prefix,
              10,
              letter -> {
                pause(Duration.ofMillis(20)); // a list that takes its time over each letter
                return true;
              });
    }

    assertThat(handedSequences)
        .as("the letters handed on, by the original's stream sequence")
        .isEqualTo(LongStream.rangeClosed(1, letters).boxed().toList());
    assertThat(lastTen)
        .extracting(stored -> stored.letter().streamSequence())
        .as("the last ten letters")
        .isEqualTo(LongStream.rangeClosed(letters - 9, letters).boxed().toList());
  }

  private static DeadLetter letter(int sequence) {
    byte[] body = new byte[PAYLOAD_BYTES - 40];
    Arrays.fill(body, (byte) 'x');
    String payload =
        "{\"version\":\"v1\",\"body\":\"" + new String(body, StandardCharsets.US_ASCII) + "\"}";
    return new DeadLetter(
        FailureClass.RETRY_EXHAUSTED,
        new EventIdentity("inv-" + sequence, "app", null, null),
        "p.result.app",
        "S",
        "C",
        sequence,
        sequence,
        5,
        "store unavailable",
        payload.getBytes(StandardCharsets.UTF_8),
        Instant.now(),
        false);
  }

  private static void sleep() {
    pause(Duration.ofSeconds(2));
  }

  private static void pause(Duration duration) {
    try {
      TimeUnit.NANOSECONDS.sleep(duration.toNanos());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
