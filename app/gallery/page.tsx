export const metadata = { title: "Gallery" };

export default function Page() {
  return <h1 className="text-2xl font-bold">Gallery</h1>;
}
