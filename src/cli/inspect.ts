export async function run(_argv: string[]): Promise<number> {
  process.stderr.write("boothold inspect: not built yet\n");
  return 2;
}
