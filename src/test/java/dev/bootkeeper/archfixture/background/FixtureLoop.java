package dev.bootkeeper.archfixture.background;

import dev.bootkeeper.archfixture.store.FixtureEntity;

/** A background loop that reaches up into the store: the bottom layer imports nothing above it. */
public class FixtureLoop {
  public FixtureEntity entity;
}
