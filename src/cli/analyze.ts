export async function run(_argv: string[]): Promise<number> {
  process.stderr.write("boothold analyze: not built yet\n");
  return 2;
}
