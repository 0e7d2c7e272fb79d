import LandfallFly
import LandfallTestSupport
import Testing

@Suite(.ownThreads) struct DockerfileParserTests {
  @Test func finalStageCarriesPortsAndCommands() {
    let text = """
      # syntax=docker/dockerfile:1
      ARG BASE=debian:bookworm-slim
      FROM --platform=$BUILDPLATFORM golang:1.22 as build
      RUN go build -o /out/app .
      FROM ${BASE}
      WORKDIR /srv
      WORKDIR app
      USER app:app
      ENV MODE=prod LEVEL="info debug"
      ENV LEGACY some value here
      EXPOSE 8080/tcp 9090/udp
      ENTRYPOINT ["/srv/app/bin/entry"]
      CMD ["serve", "--port", "8080"]
      """
    let parsed = DockerfileParser.parse(text)
    #expect(parsed.stages.count == 2)
    #expect(parsed.stages.first?.name == "build")
    let final = parsed.finalStage()
    #expect(final?.base == "debian:bookworm-slim")
    #expect(final?.expose == [8080, 9090])
    #expect(final?.entrypoint == ["/srv/app/bin/entry"])
    #expect(final?.cmd == ["serve", "--port", "8080"])
    #expect(final?.user == "app:app")
    #expect(final?.workdir == "/srv/app")
    #expect(final?.env.map(\.name) == ["MODE", "LEVEL", "LEGACY"])
    #expect(final?.env.map(\.value) == ["prod", "info debug", "some value here"])
    #expect(parsed.warnings.isEmpty)
  }

  @Test func shellFormRunsThroughShAndContinuationsJoin() {
    let text = "FROM alpine\nCMD bundle exec \\\n  # a comment inside the continuation\n  puma -C config/puma.rb\n"
    let stage = DockerfileParser.parse(text).finalStage()
    #expect(stage?.cmd == ["/bin/sh", "-c", "bundle exec   puma -C config/puma.rb"])
  }

  @Test func escapeDirectiveChangesTheContinuationCharacter() {
    let text = "# escape=`\nFROM mcr.microsoft.com/windows\nCMD echo one `\n two\n"
    #expect(DockerfileParser.parse(text).finalStage()?.cmd == ["/bin/sh", "-c", "echo one  two"])
  }

  @Test func heredocBodiesAreSkipped() {
    let text = """
      FROM debian
      RUN <<EOF
      CMD ["not", "an", "instruction"]
      EXPOSE 1234
      EOF
      COPY <<-'CONF' /etc/app.conf
      	EXPOSE 4321
      	CONF
      EXPOSE 80
      """
    let stage = DockerfileParser.parse(text).finalStage()
    #expect(stage?.expose == [80])
    #expect(stage?.cmd == nil)
  }

  @Test func variablePortsStayUnresolvedWithAWarning() {
    let parsed = DockerfileParser.parse("FROM node\nARG PORT=3000\nEXPOSE $PORT ${OTHER:-8080} 5000-5002\n")
    #expect(parsed.finalStage()?.expose == [5000, 5001, 5002])
    #expect(parsed.warnings.count == 2)
    #expect(parsed.warnings.first?.contains("EXPOSE $PORT") == true)
  }

  @Test func stagesInheritFromEarlierStagesAndEntrypointResetsInheritedCmd() {
    let text = """
      FROM node AS base
      EXPOSE 3000
      CMD ["node", "server.js"]
      FROM base AS web
      FROM base AS tool
      ENTRYPOINT ["/tool"]
      """
    let parsed = DockerfileParser.parse(text)
    #expect(parsed.finalStage(target: "web")?.cmd == ["node", "server.js"])
    #expect(parsed.finalStage(target: "web")?.expose == [3000])
    #expect(parsed.finalStage()?.cmd == nil)
    #expect(parsed.finalStage()?.entrypoint == ["/tool"])
  }

  @Test func lowercaseInstructionsAndCRLFLineEndings() {
    let parsed = DockerfileParser.parse("from ubuntu\r\nexpose 8000\r\ncmd [\"./run\"]\r\n")
    #expect(parsed.finalStage()?.expose == [8000])
    #expect(parsed.finalStage()?.cmd == ["./run"])
  }

  @Test func malformedExecFormFallsBackToShellForm() {
    let parsed = DockerfileParser.parse("FROM x\nCMD [\"unterminated\n")
    #expect(parsed.finalStage()?.cmd == ["/bin/sh", "-c", "[\"unterminated"])
  }

  @Test func instructionsBeforeFromAreWarnedAbout() {
    let parsed = DockerfileParser.parse("EXPOSE 80\n")
    #expect(parsed.stages.isEmpty)
    #expect(parsed.warnings == ["line 1: EXPOSE before the first FROM; ignored"])
  }

  @Test func warningsNameTheFileAndTheLineOfTheInstruction() {
    let text = "# syntax=docker/dockerfile:1\nFROM debian\n\nRUN apt-get update \\\n  && true\nFROBNICATE now\nEXPOSE $PORT\n"
    let parsed = DockerfileParser.parse(text, path: "web/Dockerfile")
    #expect(parsed.warnings == [
      "web/Dockerfile:6: not a Dockerfile instruction; ignored",
      "web/Dockerfile:7: EXPOSE $PORT is not a fixed port; left unresolved",
    ])
    let noise = DockerfileParser.parse("FROM x\n" + String(repeating: "nonsense\n", count: DockerfileParser.maximumWarnings + 3), path: "Dockerfile")
    #expect(noise.warnings.first == "Dockerfile:2: not a Dockerfile instruction; ignored")
    #expect(noise.warnings.last == "Dockerfile: 3 more lines were not understood; is this a Dockerfile?")
  }

  @Test func arbitraryTextNeverCrashes() {
    let alphabet = Array("FROM EXPOSE CMD [\"]\\`<<EOF\n#=- $0123456789")
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<1_000 {
      let text = String((0..<Int.random(in: 0..<80, using: &generator)).map { _ in
        alphabet.randomElement(using: &generator) ?? " "
      })
      _ = DockerfileParser.parse(text)
    }
  }
}
