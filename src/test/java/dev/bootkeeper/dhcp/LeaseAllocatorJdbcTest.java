package dev.bootkeeper.dhcp;

/** Every allocator rule again, on the database-backed store. */
class LeaseAllocatorJdbcTest extends LeaseAllocatorTest {

  @Override
  LeaseStore newStore() {
    return new JdbcLeaseStore(TestDatabase.withLeaseTable());
  }
}
