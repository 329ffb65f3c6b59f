export function Button(props: { label: string; children?: unknown }) {
  return <button>{props.label}</button>;
}
