"""The planner: blocks become steps, outputs attach to their command, and the skip rules."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from runner_fixtures import CURRENT_ENGINE, OLD_PRIVATE_ENGINE
from snippet_runner.commands import produced_names, stopped_containers
from snippet_runner.models import Step
from snippet_runner.plan import internet_host, plan_text
from snippet_runner.skips import SkippedOutputs, dockerfile_skip_reason, engine_skip_reason


def page(*blocks: str) -> str:
    return "# Page { #page }\n\n" + "\n\n".join(blocks) + "\n"


def fence(attributes: str, content: str, language: str = "bash") -> str:
    return f"```{language} {{ {attributes} }}\n{content}\n```"


def step(script: str, **changes: object) -> Step:
    return replace(Step(file="docs/x.en.md", line=1, language="bash", script=script), **changes)


def test_steps_keep_their_attributes_and_cleanup_runs_last() -> None:
    text = page(
        fence('.runnable .cleanup app="goals"', "docker rm -f goals-app"),
        fence('.runnable app="goals" wait="http://127.0.0.1:3000/"', "docker run -d goals:1"),
        fence('.runnable interrupt="3"', "docker logs -f goals-app"),
        fence('.runnable input="1\\n6\\n"', "docker run -it rng:1"),
        fence('.runnable expect_fail="true"', "docker rm goals-app"),
    )
    plan = plan_text(text, "docs/x.en.md")

    assert [s.cleanup for s in plan.steps] == [False, False, False, False, True]
    first, logs, rng, failing, cleanup = plan.steps
    assert (first.app, first.wait) == ("goals", "http://127.0.0.1:3000/")
    assert logs.interrupt == 3.0
    assert rng.input == "1\\n6\\n"
    assert failing.expect_fail is True
    assert cleanup.script == "docker rm -f goals-app"
    assert first.line == 7  # the line of its opening fence


def test_output_blocks_attach_to_the_command_above_even_across_shell_tabs() -> None:
    text = page(
        fence(".runnable", "docker logs goals-app"),
        fence("", "docker logs goals-app", language="powershell"),
        fence('.output title="Output"', "goals: listening on port 80", language="text"),
        fence('.output .sample title="Example output"', "abc123", language="text"),
    )
    (only,) = plan_text(text, "docs/x.en.md").steps

    assert [e.lines for e in only.expectations] == [("goals: listening on port 80",)]


def test_an_output_after_a_plain_block_belongs_to_no_runnable_command() -> None:
    text = page(
        fence(".runnable", "docker ps"),
        fence('.syntax title="Syntax"', "docker ps [<options>]", language="text"),
        fence('.output title="Output"', "CONTAINER ID", language="text"),
    )
    (only,) = plan_text(text, "docs/x.en.md").steps

    assert only.expectations == []


def test_skip_attribute_gives_the_reason() -> None:
    text = page(fence('.runnable skip="needs a Docker Hub account"', "docker push x/goals:1"))
    (only,) = plan_text(text, "docs/x.en.md").steps

    assert only.skip_reason == "needs a Docker Hub account"


def test_a_runnable_windows_block_is_skipped_and_reported() -> None:
    text = page(fence(".runnable", 'docker run -v "${PWD}:/app" goals:1', "powershell"))
    plan = plan_text(text, "docs/x.en.md")

    assert "runs bash only" in (plan.steps[0].skip_reason or "")
    assert any("needs skip=" in note.message for note in plan.notes)


def test_a_url_on_the_internet_is_skipped_unless_the_failure_is_the_point() -> None:
    reaching = page(fence(".runnable", "docker run --rm alpine wget -qO- https://example.com"))
    failing = page(
        fence(
            '.runnable expect_fail="true"',
            "docker run --rm --network none alpine wget -qO- -T 3 https://example.com",
        )
    )

    assert "example.com on the internet" in (plan_text(reaching, "p.md").steps[0].skip_reason or "")
    assert plan_text(failing, "p.md").steps[0].skip_reason is None


def test_local_hosts_are_not_the_internet() -> None:
    assert internet_host("curl -s http://127.0.0.1:3000/") is None
    assert internet_host("wget -qO- http://goals-app/ http://host.docker.internal:8000/") is None
    assert internet_host('curl "http://$HOST/"') is None
    assert internet_host("git clone https://github.com/x/y.git") == "github.com"


def test_an_interrupt_that_is_not_a_number_fails_the_step() -> None:
    (only,) = plan_text(page(fence('.runnable interrupt="soon"', "docker logs -f x")), "p").steps

    assert only.problem == 'interrupt="soon" is not a number of seconds'


def test_notes_for_missing_attributes() -> None:
    text = page(
        fence(".runnable", "docker run -d --name web -p 127.0.0.1:3000:80 goals:1"),
        fence(".runnable", "docker exec -it web sh"),
    )
    messages = [note.message for note in plan_text(text, "docs/x.en.md").notes]

    assert any("lacks wait=" in message for message in messages)
    assert any("without input=" in message for message in messages)
    assert any("no clean-up block" in message for message in messages)


def test_buildkit_flags_are_skipped_on_the_legacy_builder_only() -> None:
    build = step("docker build --secret id=api_token,src=api_token.txt -t secret-demo:1 .")

    assert "needs BuildKit" in (engine_skip_reason(build, OLD_PRIVATE_ENGINE) or "")
    assert engine_skip_reason(build, CURRENT_ENGINE) is None


def test_buildkit_dockerfile_syntax_is_found_in_the_dockerfile_the_step_builds(
    tmp_path: Path,
) -> None:
    (tmp_path / "secret-demo").mkdir()
    (tmp_path / "secret-demo" / "Dockerfile").write_text(
        "FROM alpine\nRUN --mount=type=secret,id=api_token cat /run/secrets/api_token\n"
    )
    (tmp_path / "Dockerfile.plain").write_text("FROM alpine\nRUN true\n")
    builds_secret = step("docker build -t secret-demo:1 secret-demo")
    builds_plain = step("docker build -f Dockerfile.plain -t plain:1 .")

    reason = dockerfile_skip_reason(builds_secret, tmp_path, OLD_PRIVATE_ENGINE) or ""
    assert "secret-demo/Dockerfile uses RUN --mount" in reason
    assert dockerfile_skip_reason(builds_plain, tmp_path, OLD_PRIVATE_ENGINE) is None
    assert dockerfile_skip_reason(builds_secret, tmp_path, CURRENT_ENGINE) is None


def test_api_rules_follow_the_engine_version() -> None:
    prune_all = step("docker volume prune --all -f --filter label=project=docs")
    prune = step("docker volume prune -f --filter label=project=docs")

    assert "needs API 1.42" in (engine_skip_reason(prune_all, OLD_PRIVATE_ENGINE) or "")
    assert "removes unused named volumes" in (engine_skip_reason(prune, OLD_PRIVATE_ENGINE) or "")
    assert engine_skip_reason(prune_all, CURRENT_ENGINE) is None
    assert engine_skip_reason(prune, CURRENT_ENGINE) is None


def test_plugins_and_registries_the_engine_lacks() -> None:
    compose = step("docker compose up -d")
    pull = step("docker pull node:24-slim")
    local_push = step("docker push 127.0.0.1:5000/goals:1")

    assert "Compose plugin" in (engine_skip_reason(compose, OLD_PRIVATE_ENGINE) or "")
    assert "registry" in (engine_skip_reason(pull, OLD_PRIVATE_ENGINE) or "")
    assert engine_skip_reason(local_push, OLD_PRIVATE_ENGINE) is None
    assert engine_skip_reason(pull, CURRENT_ENGINE) is None


def test_history_output_of_buildkit_is_not_compared_on_the_legacy_builder() -> None:
    text = page(
        fence(".runnable", 'docker history --format "{{.CreatedBy}}" goals:1 | grep PORT'),
        fence('.output title="Output"', "ENV PORT=8000", language="text"),
    )
    (history,) = plan_text(text, "p.md").steps

    assert "legacy builder" in (engine_skip_reason(history, OLD_PRIVATE_ENGINE) or "")
    assert engine_skip_reason(history, CURRENT_ENGINE) is None


def test_steps_that_use_what_a_skipped_step_makes_are_skipped_after_it() -> None:
    build = step("docker build --secret id=t,src=t.txt -t secret-demo:1 secret-demo", line=10)
    run = step("docker run --rm secret-demo:1 cat /build-note.txt", line=20)
    unrelated = step("docker run --rm alpine true", line=30)
    cleanup = step("docker image rm -f secret-demo:1", line=40, cleanup=True)
    skipped = SkippedOutputs()

    skipped.note(build)

    assert skipped.reason_for(run) == (
        "uses secret-demo:1, which the skipped step at docs/x.en.md:10 makes"
    )
    assert skipped.reason_for(unrelated) is None
    assert skipped.reason_for(cleanup) is None


def test_names_a_script_makes() -> None:
    script = "\n".join(
        [
            "docker build -t goals:1 .",
            "docker tag goals:1 goals:latest",
            "docker run -d --name goals-app goals:1",
            "docker volume create demo-vol",
            "docker network create --driver bridge net-demo",
            'docker tag goals:1 "$DOCKERHUB_USER/goals:1"',
        ]
    )

    assert produced_names(script) == [
        "goals:1",
        "goals:latest",
        "goals-app",
        "demo-vol",
        "net-demo",
    ]


def test_containers_a_script_stops() -> None:
    script = "docker stop -t 5 goals-app\ndocker container kill --signal SIGINT web-app\ndocker ps"

    assert stopped_containers(script) == ["goals-app", "web-app"]
