package dev.bootkeeper.background;

import java.util.List;

/** The live threads of one name: a loop's thread is found by the name thread dumps show. */
final class Threads {

  private Threads() {}

  static List<Thread> named(String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals(name) && t.isAlive())
        .toList();
  }

  static Thread one(String name) {
    List<Thread> found = named(name);
    if (found.size() != 1) {
      throw new AssertionError("one live thread named " + name + ", found " + found.size());
    }
    return found.get(0);
  }
}
