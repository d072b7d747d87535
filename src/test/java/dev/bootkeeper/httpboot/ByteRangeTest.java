package dev.bootkeeper.httpboot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteRangeTest {

  @ParameterizedTest
  @CsvSource({
    "'bytes=0-99', 0, 99",
    "'bytes=0-0', 0, 0",
    "'bytes=900-', 900, 999",
    "'bytes=900-5000', 900, 999",
    "'bytes=-100', 900, 999",
    "'bytes=-5000', 0, 999",
    "'bytes=999-999', 999, 999",
    "' bytes = 10 - 20 ', 10, 20",
    "'Bytes=10-20', 10, 20",
  })
  void singleRanges(String header, long first, long last) {
    assertEquals(new ByteRange.Part(first, last, 1000), ByteRange.parse(header, 1000));
  }

  @ParameterizedTest
  @ValueSource(strings = {"bytes=1000-", "bytes=1000-2000", "bytes=-0", "bytes=5000-5001"})
  void unsatisfiable(String header) {
    ByteRange r = ByteRange.parse(header, 1000);
    assertEquals(new ByteRange.Unsatisfiable(1000), r);
    assertEquals("bytes */1000", ((ByteRange.Unsatisfiable) r).contentRange());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "bytes=0-1,5-6",
        "bytes=5-2",
        "bytes=a-b",
        "bytes=-",
        "bytes=--5",
        "items=0-1",
        "bytes 0-1",
        "bytes=0x10-",
        "bytes=99999999999999999999-"
      })
  void whatCannotBeReadOrIsMultiRangeGetsTheWholeFile(String header) {
    assertEquals(ByteRange.WHOLE, ByteRange.parse(header, 1000));
  }

  @Test
  void noHeaderIsTheWholeFile() {
    assertEquals(ByteRange.WHOLE, ByteRange.parse(null, 1000));
  }

  @Test
  void anEmptyFileHasNoSatisfiableRange() {
    assertEquals(new ByteRange.Unsatisfiable(0), ByteRange.parse("bytes=0-", 0));
    assertEquals(new ByteRange.Unsatisfiable(0), ByteRange.parse("bytes=-10", 0));
  }

  @Test
  void partKnowsItsLengthAndHeader() {
    ByteRange.Part p = (ByteRange.Part) ByteRange.parse("bytes=10-19", 1000);
    assertEquals(10, p.length());
    assertEquals("bytes 10-19/1000", p.contentRange());
  }
}
