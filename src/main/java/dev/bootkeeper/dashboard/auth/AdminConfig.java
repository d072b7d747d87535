package dev.bootkeeper.dashboard.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/** The dashboard admin created at first start ({@code bootkeeper.admin.*}). */
@ConfigMapping(prefix = "bootkeeper.admin")
public interface AdminConfig {

  /** The user name of the admin created at first start. */
  @WithDefault("admin")
  String username();

  /**
   * The first admin's password. When unset, a random one is generated at first start and printed
   * once in the log. Only used while there is no dashboard user at all.
   */
  Optional<String> password();

  /**
   * A file holding the first admin's password (its first line), for secrets mounted as files
   * (Docker and Kubernetes secrets, systemd credentials). Used when {@code password} is unset.
   */
  Optional<Path> passwordFile();
}
