export const metadata = { title: "New finetune" };

export default function Page() {
  return <h1 className="text-2xl font-bold">New finetune</h1>;
}
