package dev.bootkeeper.archfixture.store;

import dev.bootkeeper.archfixture.boot.FixturePolicy;

/** An entity that imports the policy above it: the store -> boot cycle. */
public class FixtureEntity {
  public FixturePolicy policy;
}
