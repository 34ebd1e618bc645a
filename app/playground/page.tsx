export const metadata = { title: "Playground" };

export default function Page() {
  return <h1 className="text-2xl font-bold">Playground</h1>;
}
