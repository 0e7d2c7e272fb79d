"""Talks to `landfall fake cloud-mcp` with the Python MCP SDK, to prove the fake speaks MCP
the way other implementations expect. Prints one JSON object summarising what it saw."""
import asyncio
import json
import sys

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client


async def main(binary: str) -> None:
    server = StdioServerParameters(
        command=binary, args=["fake", "cloud-mcp", "--allow-writes", "--services", "compute,dns"]
    )
    async with stdio_client(server) as (read, write):
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            tools = (await session.list_tools()).tools
            regions = await session.call_tool("list_regions", {})
            zone = await session.call_tool("create_dns_zone", {"name": "interop.example"})
            missing = await session.call_tool("get_vm", {"id": "nope"})
            summary = {
                "server": init.serverInfo.name,
                "instructionsMentionCloudUser": "cloud@<public-ip>" in (init.instructions or ""),
                "tools": len(tools),
                "createVmReadOnlyHint": next(t.annotations.readOnlyHint for t in tools if t.name == "create_vm"),
                "regions": json.loads(regions.content[0].text)["total"],
                "zone": json.loads(zone.content[0].text)["name"],
                "missingIsError": missing.isError,
                "missingText": missing.content[0].text,
            }
            print(json.dumps(summary))


asyncio.run(main(sys.argv[1]))
