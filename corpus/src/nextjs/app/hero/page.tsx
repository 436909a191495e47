import Image from "next/image";
import styles from "../page.module.css";

export const metadata = {
  title: "Hero",
};

export default function Hero() {
  return (
    <div className={styles.page}>
      <main className={styles.main}>
        <Image
          src="/hero-1920.jpg"
          alt="A landscape at dusk"
          width={1920}
          height={1080}
          sizes="100vw"
          style={{ width: "100%", height: "auto" }}
          priority
        />
        <h1>A page with a hero photo</h1>
        <p>The photo above is rendered by next/image with priority.</p>
      </main>
    </div>
  );
}
