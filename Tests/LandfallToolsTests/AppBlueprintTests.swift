import LandfallTestSupport
import LandfallTools
import Testing

@Suite(.ownThreads) struct AppBlueprintTests {
  @Test func durationsBecomeWholeSeconds() {
    #expect(AppBlueprint.seconds("15s", default: 0) == 15)
    #expect(AppBlueprint.seconds("1500ms", default: 0) == 2)
    #expect(AppBlueprint.seconds("1m30s", default: 0) == 90)
    #expect(AppBlueprint.seconds("10", default: 0) == 10)
    #expect(AppBlueprint.seconds("soon", default: 7) == 7)
    #expect(AppBlueprint.seconds(nil, default: 3) == 3)
  }

  @Test func namesBecomeDNSLabels() {
    #expect(AppBlueprint.label("My_App--2") == "my-app-2")
    #expect(AppBlueprint.label("9lives") == "lives")
    #expect(AppBlueprint.label("!!!") == "app")
    #expect(AppBlueprint.label(String(repeating: "a", count: 80)).count == 40)
  }
}
