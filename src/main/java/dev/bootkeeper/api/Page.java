package dev.bootkeeper.api;

import java.util.List;

/** One page of a list. */
public record Page<T>(List<T> items, int page, int size, long total) {}
