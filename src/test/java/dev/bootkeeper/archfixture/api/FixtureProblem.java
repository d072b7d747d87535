package dev.bootkeeper.archfixture.api;

import dev.bootkeeper.archfixture.boot.FixturePolicy;

/** A REST-side class: may use everything below it. */
public class FixtureProblem {
  public final FixturePolicy policy = new FixturePolicy();
}
