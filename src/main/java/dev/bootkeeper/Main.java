package dev.bootkeeper;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/** Starts the appliance. */
@QuarkusMain
public class Main {

  public static void main(String... args) {
    // bootkeeper.data-dir is a plain directory to the operator ("data" as well as "./data"); H2
    // refuses file URLs that are implicitly relative to the working directory unless told.
    System.setProperty("h2.implicitRelativePath", "true");
    Quarkus.run(args);
  }
}
