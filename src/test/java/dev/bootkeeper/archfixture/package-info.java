/**
 * A small tree that breaks each package rule of {@code ArchitectureTest} on purpose, so that the
 * test can show each rule fails when it should. Nothing in the appliance uses it.
 */
package dev.bootkeeper.archfixture;
