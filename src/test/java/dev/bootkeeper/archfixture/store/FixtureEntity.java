package dev.bootkeeper.archfixture.store;

import dev.bootkeeper.archfixture.background.FixtureLoop;
import dev.bootkeeper.archfixture.boot.FixturePolicy;

/**
 * An entity that imports the policy above it (the store -> boot cycle) and a background loop below
 * it (allowed: every layer may run one).
 */
public class FixtureEntity {
  public FixturePolicy policy;
  public FixtureLoop writer;
}
