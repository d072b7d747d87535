package dev.bootkeeper.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MacAddressTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "aa:bb:cc:dd:ee:0f",
        "AA-BB-CC-DD-EE-0F",
        "aabbccddee0f",
        "AaBbCcDdEe0F",
        " aa:bb:cc:dd:ee:0f "
      })
  void acceptsEveryFormInAnyCase(String text) {
    MacAddress mac = MacAddress.of(text);
    assertEquals("aa:bb:cc:dd:ee:0f", mac.colon());
    assertEquals("aa-bb-cc-dd-ee-0f", mac.dashed());
    assertEquals("01-aa-bb-cc-dd-ee-0f", mac.bootif());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "aa:bb:cc:dd:ee",
        "aa:bb-cc:dd:ee:ff",
        "gg:bb:cc:dd:ee:ff",
        "aabbccddeeff00",
        "",
        "aa.bb.cc.dd.ee.ff",
        "aa:bbc:cd:de:e:ff",
        "+a:bb:cc:dd:ee:ff",
        "aabbccddee\u0661\u0662",
        "aa:bb:cc:dd:ee:\uff10\uff11"
      })
  void refusesAnythingElse(String text) {
    assertTrue(MacAddress.parse(text).isEmpty());
  }

  @Test
  void uuidFormsDifferInTheFirstThreeGroups() {
    ClientUuid u = new ClientUuid(HexFormat.of().parseHex("00112233445566778899aabbccddeeff"));
    assertEquals("00112233-4455-6677-8899-aabbccddeeff", u.wireOrder());
    assertEquals("33221100-5544-7766-8899-aabbccddeeff", u.canonical());
  }
}
