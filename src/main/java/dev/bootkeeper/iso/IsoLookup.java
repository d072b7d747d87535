package dev.bootkeeper.iso;

/** What a path inside an ISO leads to. */
public sealed interface IsoLookup {

  record Found(String path, IsoEntry.File file) implements IsoLookup {}

  record Missing() implements IsoLookup {}

  record Refused(String reason) implements IsoLookup {}
}
