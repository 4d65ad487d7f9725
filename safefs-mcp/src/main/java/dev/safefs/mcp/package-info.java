/** The MCP server face of safefs (issue: the sandbox and safefs serve). */
package dev.safefs.mcp;
