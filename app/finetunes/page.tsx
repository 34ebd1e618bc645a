export const metadata = { title: "Finetunes" };

export default function Page() {
  return <h1 className="text-2xl font-bold">Finetunes</h1>;
}
