"""`briefing prompts list|show`: the prompts the LLM path uses."""

from __future__ import annotations

import typer

from briefing.cli.app import app, errors_as_messages
from briefing.cli.options import PromptsDir
from briefing.errors import UsageError
from briefing.summarise.llm.prompts import load_prompts

prompts_app = typer.Typer(help="List and show the prompts the LLM path uses.", no_args_is_help=True)
app.add_typer(prompts_app, name="prompts")


@prompts_app.command("list")
def prompts_list(folder: PromptsDir = None) -> None:
    """Every prompt: name, version and what it is for."""
    with errors_as_messages():
        for prompt in load_prompts(folder).values():
            typer.echo(f"{prompt.name:<18} v{prompt.version:<3} {prompt.description}")


@prompts_app.command("show")
def prompts_show(name: str, folder: PromptsDir = None) -> None:
    """One prompt's system and user parts (and its re-ask, if it has one)."""
    with errors_as_messages():
        prompts = load_prompts(folder)
        if name not in prompts:
            raise UsageError(f"no prompt named {name!r} (there are: {', '.join(prompts)})")
        prompt = prompts[name]
        typer.echo(f"# {prompt.name} v{prompt.version}: {prompt.description}\n")
        for part in ("system", "user", "reask"):
            if getattr(prompt, part):
                typer.echo(f"## {part}\n{getattr(prompt, part).strip()}\n")
