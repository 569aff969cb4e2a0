/**
 * The AWS SDK for JavaScript v3 prints a nine-line `NodeVersionSupportWarning` (node ≥ 22 needed by SDK
 * releases after January 2027) the first time a client is made on Node 20, i.e. in every live CLI run. It says
 * nothing about the command and buries its one-line messages, so the CLI turns that one warning off with the
 * SDK's own switch (`AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED`); every other process warning still
 * prints. A value the user set is kept.
 */
export const SDK_NODE_WARNING_SWITCH = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

export function silenceSdkNodeVersionWarning(env: NodeJS.ProcessEnv = process.env): void {
  if (env[SDK_NODE_WARNING_SWITCH] === undefined) env[SDK_NODE_WARNING_SWITCH] = 'true';
}
