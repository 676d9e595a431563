package dev.resultstore.cql;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverExecutionProfile;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SessionFactoryTest {

  @Test
  void reconnects_within_seconds_after_an_outage_instead_of_the_drivers_minute() {
    DriverExecutionProfile profile =
        SessionFactory.driverConfig(CqlStoreConfig.builder().build())
            .getInitialConfig()
            .getDefaultProfile();

    assertThat(profile.getDuration(DefaultDriverOption.RECONNECTION_MAX_DELAY))
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(profile.getDuration(DefaultDriverOption.RECONNECTION_BASE_DELAY))
        .isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void takes_the_timeouts_from_the_configuration() {
    DriverExecutionProfile profile =
        SessionFactory.driverConfig(
                CqlStoreConfig.builder().requestTimeout(Duration.ofSeconds(7)).build())
            .getInitialConfig()
            .getDefaultProfile();

    assertThat(profile.getDuration(DefaultDriverOption.REQUEST_TIMEOUT))
        .isEqualTo(Duration.ofSeconds(7));
  }
}
