package dev.bootkeeper.archfixture.tftp;

import dev.bootkeeper.archfixture.api.FixtureProblem;

/** A protocol server that imports the REST layer: what the layer rule forbids. */
public class FixtureServer {
  public FixtureProblem problem() {
    return new FixtureProblem();
  }
}
