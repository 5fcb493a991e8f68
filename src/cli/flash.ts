export async function run(_argv: string[]): Promise<number> {
  process.stderr.write("boothold flash: not built yet\n");
  return 2;
}
