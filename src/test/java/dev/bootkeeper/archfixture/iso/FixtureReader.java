package dev.bootkeeper.archfixture.iso;

import dev.bootkeeper.archfixture.store.FixtureEntity;

/** An ISO reader that uses more than the JDK (and reaches into the store): both forbidden. */
public class FixtureReader {
  public FixtureEntity entity;
}
