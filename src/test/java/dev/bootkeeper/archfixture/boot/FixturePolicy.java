package dev.bootkeeper.archfixture.boot;

import dev.bootkeeper.archfixture.store.FixtureEntity;
import dev.bootkeeper.archfixture.tftp.FixtureServer;

/** The policy reaching up into a protocol package: forbidden, and a cycle with store below. */
public class FixturePolicy {
  public FixtureServer server;
  public FixtureEntity entity;
}
